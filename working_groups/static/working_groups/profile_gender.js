// The profile's gender question: show "In your own words" only while "I describe myself another way" is
// chosen. Without JavaScript the field simply stays visible; the server keeps its text only for that answer.
(function () {
  "use strict";
  var choices = document.querySelector("[data-gender-choices]");
  var selfDescription = document.querySelector("[data-gender-self-description]");
  if (!choices || !selfDescription) {
    return;
  }
  function update() {
    var chosen = choices.querySelector("input[type=radio]:checked");
    selfDescription.hidden = !chosen || chosen.value !== "self_described";
  }
  choices.addEventListener("change", update);
  update();
})();
