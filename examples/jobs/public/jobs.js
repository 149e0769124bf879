// The jobs page: starts a job (POST /jobs), then shows its progress (GET /jobs/:id) every
// second until it has finished, and cancels it (DELETE /jobs/:id). Text from the server
// is only ever set as text, never as HTML.
const $ = (id) => document.getElementById(id);
const token = $("token");
token.value = sessionStorage.getItem("wa-groups-jobs-token") ?? "";
token.addEventListener("change", () => sessionStorage.setItem("wa-groups-jobs-token", token.value.trim()));

let timer = null;

function say(text, isError = false) {
  $("message").textContent = text;
  $("message").className = isError ? "error" : "";
}

async function api(method, path, body, type) {
  const headers = { authorization: `Bearer ${token.value.trim()}` };
  if (type) headers["content-type"] = type;
  const res = await fetch(path, { method, headers, body });
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const issues = data?.error?.issues?.map((i) => `${i.field}: ${i.message}`).join("; ");
    throw new Error(`${res.status} ${data?.error?.message ?? res.statusText}${issues ? ` (${issues})` : ""}`);
  }
  return data;
}

function outcomeOf(call) {
  const r = call.result;
  if (r && Array.isArray(r.linked)) return `${r.linked.length} linked${r.failed?.length ? `, ${r.failed.length} not` : ""} (${r.communityId ?? ""})`;
  if (r) return r.groupId ?? r.communityId ?? JSON.stringify(r);
  if (call.error) return `${call.error.kind}: ${call.error.message}`;
  if (call.reason) return call.reason;
  if (call.lastError) return `trying again after ${call.lastError.kind}`;
  return "";
}

export function render(report) {
  const { counts } = report;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const settled = counts.done + counts.failed + counts.not_started;
  $("bar").max = Math.max(total, 1);
  $("bar").value = settled;
  $("summary").textContent = `${report.status}: ${counts.done} done, ${counts.failed} failed, ${counts.not_started} not started, ${counts.running} running, ${counts.pending} pending (of ${total})`;
  const rows = report.calls.map((c) => {
    const tr = document.createElement("tr");
    for (const [text, cls] of [[c.index], [c.id ?? ""], [c.op], [c.status, c.status], [c.attempts], [outcomeOf(c)]]) {
      const td = document.createElement("td");
      td.textContent = String(text);
      if (cls) td.className = cls;
      tr.append(td);
    }
    return tr;
  });
  $("calls").replaceChildren(...rows);
  $("cancel").disabled = report.status !== "running";
}

async function poll() {
  clearTimeout(timer);
  const id = $("job").value.trim();
  if (!id) return;
  try {
    const report = await api("GET", `/jobs/${encodeURIComponent(id)}`);
    render(report);
    say("");
    if (report.status === "running" || report.status === "cancelling") timer = setTimeout(poll, 1000);
  } catch (e) {
    say(e.message, true);
  }
}

$("submit").addEventListener("click", async () => {
  const format = document.querySelector('input[name="format"]:checked').value;
  try {
    const started = await api("POST", "/jobs", $("plan").value, format === "csv" ? "text/csv" : "application/json");
    $("job").value = started.jobId;
    say(`job ${started.jobId} started with ${started.calls} calls`);
    poll();
  } catch (e) {
    say(e.message, true);
  }
});
$("watch").addEventListener("click", poll);
$("cancel").addEventListener("click", async () => {
  try {
    render(await api("DELETE", `/jobs/${encodeURIComponent($("job").value.trim())}`));
    say("cancelled: what had not started will not start");
  } catch (e) {
    say(e.message, true);
  }
});
