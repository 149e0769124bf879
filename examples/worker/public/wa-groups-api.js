// The browser side: wa-groups' four seed methods, and `call` for any operation, over plain
// fetch to the Worker's /api endpoint. No token here: the Worker holds it.
//
//   import { createApi } from "./wa-groups-api.js";
//   const api = createApi();                       // same origin as the Worker
//   const api = createApi("https://wa-groups-api.example.workers.dev"); // another origin (ALLOWED_ORIGINS)
//   const { groupId, invitationLink } = await api.createGroup({ name: "Turma A", participants: ["+55 11 99999-9999"] });
//   const metadata = await api.call("getGroupMetadata", { groupId }); // the fields of POST /api/<operation>

/** What the endpoint answered when it did not answer 200. */
export class ApiError extends Error {
  constructor(httpStatus, error, retryAfter) {
    super(error?.message ?? `HTTP ${httpStatus}`);
    this.name = "ApiError";
    this.httpStatus = httpStatus; // this endpoint's status (400, 403, 429, 502…)
    this.kind = error?.kind ?? "http"; // a WaGroupsError kind, or the endpoint's own
    this.status = error?.status; // the gateway's status, when it answered
    this.issues = error?.issues; // kind "validation": [{field, message}]
    this.retryAfterMs = error?.retryAfterMs ?? (retryAfter ? Number(retryAfter) * 1000 : undefined);
  }
}

export function createApi(base = "") {
  async function call(operation, args) {
    let res;
    try {
      res = await fetch(`${base}/api/${operation}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
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
