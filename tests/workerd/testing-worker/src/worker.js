// Imports wa-groups/testing on a request (so the Worker itself starts) and answers with
// what happened: the import must fail with the entry's message.
export default {
  async fetch() {
    try {
      const testing = await import("wa-groups/testing");
      return Response.json({ loaded: true, exports: Object.keys(testing) });
    } catch (e) {
      return Response.json({ loaded: false, message: String(e?.message ?? e) });
    }
  },
};
