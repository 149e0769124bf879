// The browser side: wa-groups' four seed methods, and `call` for any operation, over plain
// fetch to the Worker's /api endpoint. No gateway token here: the Worker holds it. What
// the page holds is the caller's own token (a JWT for the Worker), sent as
// `Authorization: Bearer <token>`; behind Cloudflare Access the page needs none (Access's
// cookie is sent with each same-origin request and Access adds its own header).
//
//   import { createApi } from "./wa-groups-api.js";
//   const api = createApi({ token: () => sessionStorage.getItem("wa-groups-api-token") }); // same origin as the Worker
//   const api = createApi("https://wa-groups-api.example.workers.dev", { token });          // another origin (ALLOWED_ORIGINS)
//   const api = createApi();                                                               // behind Cloudflare Access
//   const { groupId, invitationLink } = await api.createGroup({ name: "Turma A", participants: ["+55 11 99999-9999"] });
//   const metadata = await api.call("getGroupMetadata", { groupId }); // the fields of POST /api/<operation>
//
// `token` is a string or a function returning one (or a promise of one), asked before each
// call: the page can change it (a sign-in, a refresh) without a new api. Empty: no header.

/** What the endpoint answered when it did not answer 200. */
export class ApiError extends Error {
  constructor(httpStatus, error, retryAfter) {
    super(error?.message ?? `HTTP ${httpStatus}`);
    this.name = "ApiError";
    this.httpStatus = httpStatus; // this endpoint's status (400, 403, 429, 502…)
    this.kind = error?.kind ?? "http"; // a WaGroupsError kind, or the endpoint's own ("unauthenticated": 401)
    this.code = error?.code; // kind "unauthenticated": why ("missing_token", "expired", "invalid_token"…)
    this.status = error?.status; // the gateway's status, when it answered
    this.issues = error?.issues; // kind "validation": [{field, message}]
    this.retryAfterMs = error?.retryAfterMs ?? (retryAfter ? Number(retryAfter) * 1000 : undefined);
  }
}

/**
 * `createApi(base?, { token? })` or `createApi({ base?, token? })`: `base` is the Worker's
 * origin ("" for the page's own), `token` a string or a function returning one.
 */
export function createApi(base = "", options = {}) {
  if (base !== null && typeof base === "object") [base, options] = [base.base ?? "", base];
  const tokenOf = typeof options.token === "function" ? options.token : () => options.token;
  async function call(operation, args) {
    const headers = { "Content-Type": "application/json" };
    const token = await tokenOf();
    if (typeof token === "string" && token.trim() !== "") headers.Authorization = `Bearer ${token.trim()}`;
    let res;
    try {
      res = await fetch(`${base}/api/${operation}`, {
        method: "POST",
        headers,
        body: JSON.stringify(args),
      });
    } catch (e) {
      throw new ApiError(0, { kind: "network", message: `the API could not be reached (${e?.message ?? e})` });
    }
    const data = await res.json().catch(() => null);
    if (res.ok) return data;
    throw new ApiError(res.status, data?.error, res.headers.get("Retry-After"));
  }
  return {
    /** Any operation the Worker allows, with the JSON object its endpoint takes. */
    call,
    createGroup: (input) => call("createGroup", input),
    getInvitationLink: (groupId) => call("getInvitationLink", { groupId }),
    linkGroups: (communityId, groupIds) => call("linkGroups", { communityId, groupIds }),
    unlinkGroups: (communityId, groupIds) => call("unlinkGroups", { communityId, groupIds }),
  };
}
