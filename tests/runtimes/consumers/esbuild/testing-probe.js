// Bundled for the browser by run.sh: there `wa-groups/testing` must resolve to the module
// that throws on load (the simulator is node:http), never to the simulator itself.
import { startSimulator } from "wa-groups/testing";

const sim = await startSimulator();
console.log(`unexpectedly started at ${sim.url}`);
