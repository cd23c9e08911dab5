// The phone header's menu: Det Fælles Designsystem's own mobile drawer (dkfds.min.js, Navigation), started here
// because the Content-Security-Policy allows no inline script. Loaded in <head> without defer, so the `js`
// class is on <html> before the page is drawn: without it (no script, or dkfds.js did not load) the stylesheet
// shows the drawer's links in the header itself and hides the menu button, so nothing is out of reach.
/* global document, window */
document.documentElement.classList.add('js');
document.addEventListener('DOMContentLoaded', () => {
  const drawer = document.querySelector('.mobile-drawer');
  if (!window.DKFDS || !drawer) {
    document.documentElement.classList.remove('js');
    return;
  }
  // A dialog only once a script can open and close it; without one, the links are part of the page.
  drawer.setAttribute('role', 'dialog');
  drawer.setAttribute('aria-modal', 'true');
  new window.DKFDS.Navigation().init();
});
