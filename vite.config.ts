import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import remixOptions from "./remix.config.js";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  plugins: [remix(remixOptions)],
  resolve: {
    alias: [
      { find: /^#app\/(.*)$/, replacement: new URL("./app/$1", import.meta.url).pathname },
      { find: /^#db\/(.*)$/, replacement: new URL("./db/$1", import.meta.url).pathname },
    ],
  },
  build: {
    target: "es2022",
    rollupOptions: {
      // @digdir/designsystemet-react declares no "sideEffects", so its barrel would pull every
      // component into the browser bundle. Its modules are side-effect free (the custom elements
      // live in @digdir/designsystemet-web, imported by the components that need them, and that
      // package keeps its side effects): only the components a page uses are shipped (ADR 046).
      treeshake: { moduleSideEffects: (id) => !id.includes("/@digdir/designsystemet-react/") },
    },
  },
  server: { hmr: { port: Number(process.env.HMR_PORT ?? 24678) } },
});
