import { describe, expect, it } from "vitest";
import { contentDisposition, safeFileName, sniffType } from "./files.ts";

const bytes = (s: string | number[]) => new Uint8Array(typeof s === "string" ? Buffer.from(s, "latin1") : s);

describe("uploaded files", () => {
  it("decides the type from the first bytes, not the name", () => {
    expect(sniffType(bytes("%PDF-1.7\n..."))).toBe("application/pdf");
    expect(sniffType(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe("image/png");
    expect(sniffType(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffType(bytes("MZ\x90\x00 an exe called saksfremlegg.pdf"))).toBeNull();
    expect(sniffType(bytes("<html><script>alert(1)</script>"))).toBeNull();
    expect(sniffType(new Uint8Array())).toBeNull();
  });
  it("makes malicious names safe", () => {
    expect(safeFileName("../../etc/passwd", "application/pdf")).toBe("passwd.pdf");
    expect(safeFileName("C:\\Windows\\system32\\evil.exe", "application/pdf")).toBe("evil.pdf");
    expect(safeFileName(".htaccess", "application/pdf")).toBe("htaccess.pdf");
    expect(safeFileName("saks\u202efdp.exe", "application/pdf")).toBe("saksfdp.pdf");
    expect(safeFileName('a"; rm -rf /; echo ".pdf', "application/pdf")).toBe("echo _.pdf");
    expect(safeFileName("\u0000\u0001", "image/png")).toBe("dokument.png");
    expect(safeFileName("Saksfremlegg – Trafikksikkerhetsplan.PDF", "application/pdf")).toBe(
      "Saksfremlegg – Trafikksikkerhetsplan.pdf",
    );
    expect(safeFileName("x".repeat(500) + ".pdf", "application/pdf")).toHaveLength(124);
  });
  it("builds a Content-Disposition header that cannot be broken out of", () => {
    expect(contentDisposition("Saksfremlegg – plan.pdf")).toBe(
      `attachment; filename="Saksfremlegg  plan.pdf"; filename*=UTF-8''Saksfremlegg%20%E2%80%93%20plan.pdf`,
    );
    expect(contentDisposition("Vedtak ø.pdf")).toContain('filename="Vedtak o.pdf"');
    expect(contentDisposition('a"b\r\n.pdf')).not.toMatch(/[\r\n]/);
  });
});
