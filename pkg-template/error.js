// The one error class of wa-groups. The runtime (client.js) builds it from the core's
// error answers, and every entry point re-exports this same module, so `instanceof
// WaGroupsError` holds for every error the package throws.

const FIELDS = ["kind", "provider", "operation", "status", "issues", "retryAfterMs", "body", "mayHaveArrived"];

export class WaGroupsError extends Error {
  /**
   * @param {string} message
   * @param {{kind: string, provider?: string, operation?: string, status?: number,
   *   issues?: {field: string, message: string}[], retryAfterMs?: number, body?: string,
   *   mayHaveArrived?: boolean}} details
   */
  constructor(message, details) {
    super(message);
    const d = details ?? {};
    // Only the documented properties, and only those that are set, so that a
    // `JSON.stringify` or a log of the error shows exactly what the contract promises.
    for (const key of FIELDS) {
      if (d[key] !== undefined && d[key] !== null) this[key] = d[key];
    }
    if (this.kind === undefined) this.kind = "provider";
  }

  toJSON() {
    const out = { name: this.name, message: this.message };
    for (const key of FIELDS) if (this[key] !== undefined) out[key] = this[key];
    return out;
  }
}

Object.defineProperty(WaGroupsError.prototype, "name", {
  value: "WaGroupsError",
  writable: true,
  configurable: true,
  enumerable: false,
});
