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
  build: { target: "es2022" },
  server: { hmr: { port: Number(process.env.HMR_PORT ?? 24678) } },
});
