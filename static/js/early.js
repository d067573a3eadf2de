// Loaded at the top of every page, before anything is drawn. A Quick exit that could not finish
// (no connection, or its request never reached the server) is remembered on this device
// (app.js); until app.js has finished it, nothing of this page is shown.
(function () {
  "use strict";
  try {
    if (window.localStorage.getItem("reconnect-quick-exit")) {
      document.documentElement.classList.add("quick-exit-pending");
      document.documentElement.style.display = "none";
    }
  } catch (error) { /* no storage here: nothing can be pending */ }
})();
