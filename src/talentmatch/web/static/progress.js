// A job's page follows its progress: GET of progress.json (the session cookie) every second
// until the job ends. Without JavaScript the page offers a reload link instead.
const box = document.querySelector("[data-job-progress]");

function field(name) {
  return box.querySelector(`[data-field="${name}"]`);
}

function show(job) {
  field("status_label").textContent = job.status_label;
  field("status_label").className = `situacao situacao-${job.status}`;
  const { done, total } = job.progress;
  field("done").textContent = String(done);
  field("total").textContent = total === null ? "?" : String(total);
  const bar = field("bar");
  bar.max = total || 1;
  bar.value = total ? done : (job.finished ? 1 : 0);
  for (const name of ["inserted", "updated", "unchanged", "rejected"]) {
    field(name).textContent = String(job.counts[name]);
  }
  field("message").textContent = job.message || "";
  field("message").hidden = !job.message;
  const list = document.querySelector('[data-field="errors"]');
  list.replaceChildren(
    ...job.errors.map((error) => {
      const item = document.createElement("li");
      const key = document.createElement("code");
      key.textContent = String(error.key);
      item.append(key, `: ${error.error}`);
      return item;
    }),
  );
  document.querySelector('[data-field="no-errors"]').hidden = job.errors.length > 0;
  field("download").hidden = !job.download;
  field("reload").hidden = true;
  const cancel = field("cancel");
  if (cancel) cancel.hidden = job.finished;
}

async function poll() {
  let job;
  try {
    const answer = await fetch(box.dataset.jobProgress, {
      headers: { Accept: "application/json" },
      redirect: "manual",
    });
    if (!answer.ok || !(answer.headers.get("content-type") || "").includes("json")) {
      field("live").textContent = "Não foi possível atualizar (sessão terminada?): recarregue a página.";
      field("reload").hidden = false;
      return;
    }
    job = await answer.json();
  } catch {
    field("live").textContent = "Sem conexão com o servidor; tentando de novo…";
    setTimeout(poll, 3000);
    return;
  }
  show(job);
  if (job.finished) {
    field("live").textContent = "Tarefa terminada.";
    box.dataset.finished = "true";
  } else {
    field("live").textContent = "Atualizando a cada segundo…";
    setTimeout(poll, 1000);
  }
}

if (box) {
  poll(); // once even for an ended job: the page then shows what the server holds now
}
