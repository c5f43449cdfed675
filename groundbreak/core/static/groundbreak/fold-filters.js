// On a phone the filters would fill the first screen: fold them until asked for.
// (A file of its own, not an inline script: the Content-Security-Policy allows no inline scripts.)
if (window.matchMedia("(max-width: 600px)").matches) {
  const box = document.getElementById("filterbox");
  if (box) box.open = false;
}
