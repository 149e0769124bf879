// Browser entry of the bundled consumers (Vite, esbuild, webpack) and of the plain page
// with an import map: loads "wa-groups" the way an application would (the import line of
// the contract), then runs the shared checks (see four-ops.js, runInPage).
import { Client, WaGroupsError, buildRequest, parseResponse, validate } from "wa-groups";
import { runInPage } from "./four-ops.js";

runInPage({ Client, WaGroupsError, buildRequest, parseResponse, validate });
