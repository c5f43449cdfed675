// On a phone the filters would fill the first screen: fold them until asked for.
(function () {
  var box = document.querySelector("details[data-fold-on-phone]");
  if (box && window.matchMedia("(max-width: 600px)").matches) box.open = false;
})();
