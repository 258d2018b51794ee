package io.obsera.query.status;

/**
 * The embeddable widget: {@code <script src="https://obsera.example/status/{slug}/widget.js"
 * async></script>} inserts a small status box after the script tag. It reads the page's JSON from
 * the origin the script came from (not the embedding page's), builds the box with DOM calls and
 * {@code textContent} only (no HTML from data), and loads nothing else.
 */
public final class StatusWidget {
  public static final String SCRIPT =
      """
      (function () {
        var script = document.currentScript;
        if (!script) { return; }
        var src = new URL(script.src, document.baseURI);
        var page = src.origin + src.pathname.replace(/\\/widget\\.js$/, '');
        var colours = {operational: '#2e9e4f', degraded: '#e0a11b', outage: '#d03b3b',
          no_data: '#9e9e9e'};
        var labels = {operational: 'Operational', degraded: 'Degraded', outage: 'Outage',
          no_data: 'No data'};
        var box = document.createElement('div');
        box.className = 'obsera-status-widget';
        box.setAttribute('style', 'font:14px/1.4 system-ui,sans-serif;color:#1d2127;'
          + 'background:#fff;border:1px solid #e3e6ea;border-radius:8px;padding:10px 12px;'
          + 'display:inline-block;min-width:240px');
        box.textContent = 'Loading status...';
        script.parentNode.insertBefore(box, script.nextSibling);
        function line(text, status) {
          var row = document.createElement('div');
          row.setAttribute('style', 'display:flex;justify-content:space-between;gap:12px');
          var name = document.createElement('span');
          name.textContent = text;
          var st = document.createElement('span');
          st.className = 'obsera-status';
          st.setAttribute('data-status', status);
          st.setAttribute('style', 'font-weight:600;color:' + (colours[status] || '#555'));
          st.textContent = labels[status] || status;
          row.appendChild(name);
          row.appendChild(st);
          return row;
        }
        fetch(page + '.json', {credentials: 'omit'})
          .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
          .then(function (d) {
            box.textContent = '';
            var title = document.createElement('a');
            title.href = page;
            title.target = '_blank';
            title.rel = 'noopener';
            title.textContent = d.title;
            title.setAttribute('style', 'font-weight:700;color:inherit;text-decoration:none');
            box.appendChild(title);
            box.appendChild(line('Overall', d.status));
            d.components.forEach(function (c) { box.appendChild(line(c.name, c.status)); });
            box.setAttribute('data-loaded', 'true');
          })
          .catch(function (e) { box.textContent = 'Status unavailable (' + e.message + ')'; });
      })();
      """;

  private StatusWidget() {}
}
