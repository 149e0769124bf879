// Shared helpers for the simulator's test files (not a test file itself).
import { before, after, beforeEach } from "node:test";
import { startSimulator, SIM_CREDENTIALS } from "./simulator.mjs";

export const Z = SIM_CREDENTIALS.zapi;
export const R = SIM_CREDENTIALS.ryze;
export const BOT = "5511900000000";
export const ESCOLA = "120363400000000001";
export const CLUBE = "120363400000000010";
export const OLD = "5511900000000-1623281429";
export const EXTERNAL = "120363400000000020";
export const APPROVAL = "120363400000000005"; // Turma C: requireAdminApproval, two pending requests
export const NOT_FOUND_RYZE = "Group not found or you are not a member of this group";

export async function call(url, { method = "GET", headers = {}, body } = {}) {
  const res = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

export const ryzeError = (message) => ({ success: false, error: { message } });

/**
 * Registers before/after/beforeEach hooks for one simulator per test file and returns
 * helpers bound to it: zapi(suffix, opts), ryze(route, opts), group(provider, id), …
 */
export function useSimulator(options = {}) {
  const h = {};
  before(async () => {
    h.sim = await startSimulator(options);
  });
  after(async () => {
    await h.sim.close();
  });
  beforeEach(() => {
    h.sim.reset();
  });

  /** Z-API call. method defaults to POST; clientToken null = no header; contentType null = none. */
  h.zapi = (suffix, { method = "POST", body, clientToken = Z.clientToken, contentType = "application/json", instance = Z.instance, token = Z.token, headers = {} } = {}) => {
    const hd = { ...headers };
    if (clientToken !== null) hd["Client-Token"] = clientToken;
    if (body !== undefined && contentType !== null) hd["Content-Type"] = contentType;
    return call(`${h.sim.url}/instances/${instance}/token/${token}${suffix}`, { method, headers: hd, body });
  };

  /** RyzeAPI call. route like "group/list"; token null = no header. */
  h.ryze = (route, { method = "POST", body, token = R.token, instance = R.instance, query = "", contentType = "application/json", headers = {} } = {}) => {
    const hd = { ...headers };
    if (token !== null) hd.token = token;
    if (body !== undefined && contentType !== null) hd["Content-Type"] = contentType;
    return call(`${h.sim.url}/api/${route}/${instance}${query}`, { method, headers: hd, body });
  };

  h.group = (provider, id) => h.sim.state(provider).groups.find((g) => g.id === id);
  h.community = (provider, id) => h.sim.state(provider).communities.find((c) => c.id === id);
  h.member = (provider, id, phone) => h.group(provider, id)?.participants.find((p) => p.phone === phone);
  return h;
}
