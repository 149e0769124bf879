// Mints a token for the page (or curl) when the Worker checks HS256 tokens with
// AUTH_JWT_SECRET: for trying it out locally, and for scripts that call the Worker. In
// production your app's sign-in issues the tokens (the same way, on your server).
//
//   node mint-token.mjs [SUBJECT] [--hours N]
//
// The secret comes from the environment's AUTH_JWT_SECRET, else from .dev.vars. Optional
// AUTH_ISSUER / AUTH_AUDIENCE (environment or .dev.vars) go into the token's iss / aud.
// Prints the token and nothing else.
import { readFileSync } from "node:fs";
import { SignJWT } from "jose";

const args = process.argv.slice(2);
let subject = "local-user";
let hours = 8;
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--hours") hours = Number(args[++i]);
  else subject = args[i];
}
if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30) throw new Error("--hours must be a number from 0 to 720");

function devVars() {
  try {
    const vars = {};
    for (const line of readFileSync(new URL("./.dev.vars", import.meta.url), "utf8").split("\n")) {
      const m = /^\s*([A-Z_]+)\s*=\s*(.*?)\s*$/.exec(line);
      if (m) vars[m[1]] = m[2].replace(/^"(.*)"$/, "$1");
    }
    return vars;
  } catch {
    return {};
  }
}
const fromFile = devVars();
const setting = (name) => process.env[name] || fromFile[name] || undefined;

const secret = setting("AUTH_JWT_SECRET");
if (!secret) {
  console.error("mint-token: no AUTH_JWT_SECRET in the environment or in .dev.vars");
  process.exit(1);
}
const jwt = new SignJWT({}).setProtectedHeader({ alg: "HS256", typ: "JWT" }).setSubject(subject).setIssuedAt().setExpirationTime(`${hours}h`);
const issuer = setting("AUTH_ISSUER");
const audience = setting("AUTH_AUDIENCE");
if (issuer) jwt.setIssuer(issuer.split(",")[0].trim());
if (audience) jwt.setAudience(audience.split(",")[0].trim());
console.log(await jwt.sign(new TextEncoder().encode(secret)));
