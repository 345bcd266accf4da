// SurvivorRelief: mends docassemble 1.10's own markup where axe-core finds ARIA errors, on every screen.
// (These belong upstream in docassemble; see README "What should go upstream".)
// 1. A radio or checkbox group is <div role="group" aria-required="true">: aria-required is not allowed on
//    role="group" (axe aria-allowed-attr, critical). A radio group becomes role="radiogroup", where it is
//    allowed; a checkbox group keeps role="group" without it (the screen says which boxes are needed).
// 2. The documents screen's download tabs are <ul role="tablist"><li><a role="tab">: the <li> keeps its
//    listitem role outside a list (axe aria-required-children, aria-required-parent: critical; listitem:
//    serious). The <li> becomes role="presentation", so the tabs are the tablist's children.
(function () {
  function mendGroups(root) {
    root.querySelectorAll('[role="group"][aria-required]').forEach(function (group) {
      var radios = group.querySelectorAll('input[type="radio"]').length;
      if (radios > 0) {
        group.setAttribute('role', 'radiogroup');
      } else {
        group.removeAttribute('aria-required');
      }
    });
  }
  function mendTabs(root) {
    root.querySelectorAll('ul[role="tablist"] > li').forEach(function (li) {
      li.setAttribute('role', 'presentation');
    });
  }
  function mend() {
    mendGroups(document);
    mendTabs(document);
  }
  if (window.jQuery) {
    jQuery(document).on('daPageLoad', mend);
  }
  document.addEventListener('DOMContentLoaded', mend);
})();
