// The pipeline board (board.html): drag a card onto another stage's column, confirm in a dialog
// with an optional comment, and the card's own move form is posted. So the move goes through
// the same route, CSRF token and optimistic lock (situacao_vista) as the form used by keyboard,
// which this script leaves as it is (without the script, the form alone moves cards).
// Pointer events, not HTML5 drag and drop: mouse, pen and touch alike, and real input events.
"use strict";

(() => {
  const board = document.querySelector("[data-board]");
  const dialog = document.querySelector("[data-move-dialog]");
  if (!board || !dialog || typeof dialog.showModal !== "function") return;
  const question = dialog.querySelector("[data-move-question]");
  const comment = dialog.querySelector("[data-move-comment]");
  const THRESHOLD_PX = 6; // how far a press travels before it is a drag (a shorter one is a click)
  const EDGE_PX = 48; // near the board's left or right edge, a drag scrolls the board
  const CONTROLS = "input, select, textarea, button, [contenteditable]";
  let drag = null; // the press or drag under way
  let pending = null; // the dropped card while the dialog asks

  const columnOf = (element) => element.closest("[data-stage]");
  const nameOf = (card) => card.querySelector("h3").textContent.trim();

  function recount() {
    for (const column of board.querySelectorAll("[data-stage]")) {
      const count = column.querySelectorAll(".card").length;
      column.querySelector("[data-count]").textContent = `(${count})`;
      column.classList.toggle("coluna-vazia", count === 0);
    }
  }

  // Only cards with a move form (a user who can write) are draggable; each gets a grip, the
  // one place where a touch starts a drag (elsewhere a swipe scrolls, as usual).
  for (const card of board.querySelectorAll(".card[data-card]")) {
    if (!card.querySelector("form.mover")) continue;
    card.dataset.draggable = "";
    const grip = document.createElement("div");
    grip.className = "alca";
    grip.dataset.grip = "";
    grip.setAttribute("aria-hidden", "true");
    grip.title = "Arraste para outra etapa";
    grip.textContent = "⠿ arrastar";
    card.prepend(grip);
  }
  if (!board.querySelector("[data-draggable]")) return;
  const hint = document.querySelector("[data-drag-hint]");
  if (hint) hint.hidden = false;

  function highlight(column) {
    if (drag.over === column) return;
    if (drag.over) drag.over.classList.remove("alvo");
    drag.over = column;
    if (column) column.classList.add("alvo");
  }

  function follow(x, y) {
    drag.x = x;
    drag.y = y;
    drag.ghost.style.transform = `translate(${x + 12}px, ${y + 12}px)`;
    const under = document.elementFromPoint(x, y);
    const column = under && board.contains(under) ? under.closest("[data-drop]") : null;
    highlight(column && column !== drag.home ? column : null);
    const edges = board.getBoundingClientRect();
    const beside = y < edges.top || y > edges.bottom;
    drag.edge = beside ? 0 : x < edges.left + EDGE_PX ? -1 : x > edges.right - EDGE_PX ? 1 : 0;
    if (drag.edge && !drag.frame) drag.frame = requestAnimationFrame(autoscroll);
  }

  function autoscroll() {
    if (!drag || !drag.started) return;
    drag.frame = 0;
    if (!drag.edge) return;
    board.scrollLeft += drag.edge * 12;
    follow(drag.x, drag.y);
  }

  function start() {
    drag.started = true;
    drag.home = columnOf(drag.card);
    drag.ghost = document.createElement("div");
    drag.ghost.className = "fantasma";
    drag.ghost.setAttribute("aria-hidden", "true");
    drag.ghost.textContent = nameOf(drag.card);
    document.body.append(drag.ghost);
    drag.card.classList.add("arrastado");
    document.body.classList.add("arrastando");
    window.getSelection()?.removeAllRanges();
    try {
      drag.card.setPointerCapture(drag.pointerId);
    } catch {
      // The pointer is already gone: the pointerup/pointercancel that follows ends the drag.
    }
  }

  // Ends the press or drag; the column it was dropped on (null when none or cancelled).
  function finish(cancelled) {
    const ended = drag;
    drag = null;
    if (!ended.started) return null;
    if (ended.frame) cancelAnimationFrame(ended.frame);
    if (ended.over) ended.over.classList.remove("alvo");
    ended.ghost.remove();
    ended.card.classList.remove("arrastado");
    document.body.classList.remove("arrastando");
    // The click that follows a drag's release must not follow a link or toggle the history.
    const swallow = (event) => {
      event.preventDefault();
      event.stopPropagation();
    };
    window.addEventListener("click", swallow, { capture: true, once: true });
    setTimeout(() => window.removeEventListener("click", swallow, { capture: true }), 0);
    return cancelled ? null : ended.over;
  }

  function ask(card, target) {
    pending = { card, home: card.parentElement, next: card.nextElementSibling, target };
    target.append(card); // shown where it would go; put back if cancelled
    recount();
    question.textContent = `Mover ${nameOf(card)} para ${target.dataset.stage}?`;
    comment.value = "";
    dialog.returnValue = "";
    dialog.showModal(); // focus moves to the comment field; Esc closes it (cancel)
  }

  board.addEventListener("pointerdown", (event) => {
    if (drag || pending || !event.isPrimary || event.button !== 0) return;
    const card = event.target.closest(".card[data-draggable]");
    if (!card || event.target.closest(CONTROLS)) return;
    if (event.pointerType === "touch" && !event.target.closest("[data-grip]")) return;
    drag = { card, pointerId: event.pointerId, x0: event.clientX, y0: event.clientY };
    drag.started = false;
  });

  document.addEventListener("pointermove", (event) => {
    if (!drag || event.pointerId !== drag.pointerId) return;
    if (!drag.started) {
      const moved = Math.hypot(event.clientX - drag.x0, event.clientY - drag.y0);
      if (moved < THRESHOLD_PX) return;
      start();
    }
    event.preventDefault();
    follow(event.clientX, event.clientY);
  });

  document.addEventListener("pointerup", (event) => {
    if (!drag || event.pointerId !== drag.pointerId) return;
    const card = drag.card;
    const target = finish(false);
    if (target) ask(card, target); // none, or the card's own column: nothing happens
  });

  document.addEventListener("pointercancel", (event) => {
    if (drag && event.pointerId === drag.pointerId) finish(true);
  });

  document.addEventListener("keydown", (event) => {
    if (drag && event.key === "Escape") finish(true);
  });

  // A link or selected text inside a card would start the browser's own drag and end ours.
  board.addEventListener("dragstart", (event) => {
    if (event.target.closest && event.target.closest(".card[data-draggable]")) {
      event.preventDefault();
    }
  });

  dialog.addEventListener("close", () => {
    if (!pending) return;
    const { card, home, next, target } = pending;
    if (dialog.returnValue === "mover") {
      // The card's form, as a keyboard user would fill it; the page reloads with the answer.
      const form = card.querySelector("form.mover");
      form.elements.situacao_candidato.value = target.dataset.stage;
      form.elements.comentario.value = comment.value;
      card.classList.add("enviando");
      form.requestSubmit();
      return;
    }
    home.insertBefore(card, next);
    recount();
    pending = null;
    card.querySelector("h3 a").focus();
  });
})();
