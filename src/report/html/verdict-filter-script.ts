/**
 * The browser script behind the verdict filters (plain ES5 in a string, run in the report page).
 * Rows are checks; a grouped check shows when one of its operations matches the outcome filter and
 * the search, and then shows only the matching operations. A search that matched operations (not
 * the check itself) opens the check's detail so the match is on screen; clearing the filters puts
 * every detail back to its default (open only for failures).
 */
export const FILTER_SCRIPT = `(function () {
  'use strict';
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.vrow'));
  var buttons = Array.prototype.slice.call(document.querySelectorAll('.filters button'));
  var search = document.getElementById('vsearch');
  var current = 'all';
  function lower(el) { return el ? (el.textContent || '').toLowerCase() : ''; }
  var model = rows.map(function (r) {
    var group = r.querySelector('details.group');
    var ops = Array.prototype.slice.call(r.querySelectorAll('tr.oprow')).map(function (o) {
      return { el: o, outcome: o.getAttribute('data-outcome'), text: lower(o) };
    });
    var head = group
      ? [lower(r.querySelector('td.check')), lower(group.querySelector('.vtitle')),
         lower(group.querySelector(':scope > p'))].join(' ')
      : lower(r);
    return { el: r, group: group, ops: ops, head: head,
      outcomes: (r.getAttribute('data-outcomes') || r.getAttribute('data-outcome') || '').split(' '),
      details: Array.prototype.slice.call(r.querySelectorAll('details')) };
  });
  function restore(m) {
    m.details.forEach(function (d) { d.open = d.hasAttribute('data-default-open'); });
  }
  function apply() {
    var q = search && search.value ? search.value.trim().toLowerCase() : '';
    model.forEach(function (m) {
      if (!m.group) {
        m.el.hidden = !((current === 'all' || m.outcomes.indexOf(current) >= 0) && (!q || m.head.indexOf(q) >= 0));
        return;
      }
      var headHit = !q || m.head.indexOf(q) >= 0;
      var shown = 0;
      m.ops.forEach(function (o) {
        var ok = (current === 'all' || o.outcome === current) && (headHit || o.text.indexOf(q) >= 0);
        o.el.hidden = !ok;
        if (ok) shown++;
      });
      m.el.hidden = shown === 0;
      m.details.forEach(function (d) {
        if (!d.classList.contains('passing')) return;
        d.hidden = !d.querySelector('tr.oprow:not([hidden])');
      });
      restore(m);
      if (q && !headHit && shown) {
        m.details.forEach(function (d) {
          var row = d.closest('tr.oprow');
          if (!row || !row.hidden) d.open = true;
        });
      }
    });
  }
  buttons.forEach(function (b) {
    b.addEventListener('click', function () {
      current = b.getAttribute('data-filter');
      buttons.forEach(function (o) { o.classList.toggle('active', o === b); });
      apply();
    });
  });
  if (search) search.addEventListener('input', apply);
})();`;
