// The assign preview: the button says how many sessions the chosen answer plans ("Assign 6 sessions").
// Without JavaScript each answer shows its own count and the button says "Assign sessions".
(function () {
  const choice = document.querySelector("[data-assign-choice]");
  const button = document.querySelector("[data-assign-button]");
  if (!choice || !button) return;
  function update() {
    const picked = choice.querySelector("input[type=radio]:checked");
    if (!picked) return;
    const count = Number(picked.dataset.count);
    button.textContent = "Assign " + count + (count === 1 ? " session" : " sessions");
  }
  choice.addEventListener("change", update);
  update();
})();
