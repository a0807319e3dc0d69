// The JS half of web/dom_mirror: invisible elements over the canvas, one per widget, that a
// screen reader, touch exploration and Tab find (why: dom_mirror.hpp). Linked with --pre-js
// after bridge.js; it reports through the delivering functions C++ hands in, and never
// throws into wasm.
Module['duetMirror'] = (function () {
  var root = null;
  var heading = null;
  var status = null;
  var alert = null;
  var elements = new Map();  // widget id -> element
  var lists = new Map();     // list id -> its <ul> (the online list)
  var activate = null;
  var focus = null;
  var dialog = null;      // the open modal dialog (the help overlay), its items inside it
  var dialogList = null;  // the lines it reads
  var returnTo = null;    // what had the focus before it opened: it goes back there
  var typingIn = '';  // the field the app's own text input types into: Tab leaves from it

  // Present to assistive technology, invisible on screen, and the pointer goes through to
  // the canvas (a person with a mouse or a finger uses the canvas itself).
  var hidden = 'position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);' +
      'white-space:nowrap;margin:0;padding:0;border:0';

  function element(item) {
    var tag = item.kind === 'field' ? 'input' : 'button';
    var el = elements.get(item.id);
    if (el && el.tagName.toLowerCase() === tag) return el;
    if (el) el.remove();
    el = document.createElement(tag);
    if (tag === 'input') {
      el.type = 'text';
      el.readOnly = true;  // typing goes to the app's own text input once the field is active
      // Reaching the field activates it, as a click on it would; the typing then goes to
      // the app's own text input (js/text_input.js), which sends Tab back here.
      el.addEventListener('focus', function () { activate(item.id); });
    } else {
      el.type = 'button';
    }
    el.addEventListener('click', function (ev) {
      ev.preventDefault();
      activate(item.id);
    });
    el.addEventListener('focus', function () { focus(item.id); });
    el.addEventListener('blur', function () { focus(''); });
    el.dataset.duetId = item.id;
    elements.set(item.id, el);
    return el;
  }

  // The named list `id`, made once; a screen reader says "Online, list, 3 items". The role
  // is written out: Safari drops a <ul>'s list role when its bullets are styled away.
  function listFor(id, name) {
    var ul = lists.get(id);
    if (!ul) {
      ul = document.createElement('ul');
      ul.setAttribute('role', 'list');
      ul.style.cssText = 'list-style:none;margin:0;padding:0';
      ul.dataset.duetList = id;
      lists.set(id, ul);
    }
    if (ul.getAttribute('aria-label') !== name) ul.setAttribute('aria-label', name);
    return ul;
  }

  // The <li> holding `el`, made around it the first time.
  function entryOf(el) {
    var li = el.parentNode;
    if (li && li.tagName === 'LI' && li.dataset.duetEntry) return li;
    li = document.createElement('li');
    li.dataset.duetEntry = '1';
    li.appendChild(el);
    return li;
  }

  // Puts `node` right after `previous` unless it is there already: moving an element that
  // already sits right keeps its focus.
  function placeAfter(previous, node) {
    if (previous.nextSibling !== node) previous.parentNode.insertBefore(node, previous.nextSibling);
  }

  return {
    install: function (onActivate, onFocus) {
      if (root) return;
      activate = onActivate;
      focus = onFocus;
      root = document.createElement('div');
      root.id = 'duet-mirror';
      root.style.cssText = 'position:fixed;left:0;top:0;width:100%;height:100%;' +
          'pointer-events:none;overflow:hidden;z-index:2';
      heading = document.createElement('h1');
      heading.style.cssText = hidden;
      status = document.createElement('div');
      status.id = 'duet-status';
      status.setAttribute('role', 'status');
      status.setAttribute('aria-live', 'polite');
      status.style.cssText = hidden;
      alert = document.createElement('div');
      alert.id = 'duet-alert';
      alert.setAttribute('role', 'alert');
      alert.setAttribute('aria-live', 'assertive');
      alert.style.cssText = hidden;
      root.appendChild(heading);
      document.body.appendChild(root);
      // A pointer on the canvas takes over from the keyboard: the focus ring goes, as a
      // browser's focus-visible ring goes on a click.
      window.addEventListener('pointerdown', function () {
        if (root.contains(document.activeElement)) document.activeElement.blur();
      }, true);
      document.body.appendChild(status);
      document.body.appendChild(alert);
    },
    // Tab (Shift+Tab: back) pressed in the app's text input: on to the element after (before)
    // the field being typed into. False when no mirrored field was the way in.
    tabFromField: function (back) {
      var from = elements.get(typingIn);
      if (!root || !from) return false;
      var list = Array.prototype.slice.call(root.querySelectorAll('button, input'));
      var i = list.indexOf(from);
      var next = list[back ? i - 1 : i + 1];
      if (i < 0 || !next) return false;
      next.focus();
      return true;
    },
    update: function (text) {
      if (!root) return;
      var s = null;
      try { s = JSON.parse(text); } catch (e) { return; }
      root.lang = s.lang;
      if (heading.textContent !== s.heading) heading.textContent = s.heading;
      if (status.textContent !== s.status) status.textContent = s.status;
      if (alert.textContent !== s.alert) alert.textContent = s.alert;
      typingIn = s.typingIn;
      var seen = new Set();
      var listsSeen = new Map();  // list id -> its last entry placed so far
      var previous = heading;
      var opened = false;
      if (s.dialog) {
        if (!dialog) {
          returnTo = root.contains(document.activeElement) ? document.activeElement : null;
          dialog = document.createElement('div');
          dialog.id = 'duet-dialog';
          dialog.setAttribute('role', 'dialog');
          dialog.setAttribute('aria-modal', 'true');
          dialogList = document.createElement('ul');
          dialogList.style.cssText = hidden;
          dialog.appendChild(dialogList);
          root.appendChild(dialog);
          opened = true;
        }
        if (dialog.getAttribute('aria-label') !== s.dialog) dialog.setAttribute('aria-label', s.dialog);
        var lines = (s.dialogLines || []).join('\n');
        if (dialogList.dataset.lines !== lines) {
          dialogList.textContent = '';
          (s.dialogLines || []).forEach(function (line) {
            var li = document.createElement('li');
            li.textContent = line;
            dialogList.appendChild(li);
          });
          dialogList.dataset.lines = lines;
        }
        previous = dialogList;
      }
      s.items.forEach(function (item) {
        var el = element(item);
        if (el.tagName === 'INPUT') {
          if (el.getAttribute('aria-label') !== item.text) el.setAttribute('aria-label', item.text);
        } else if (el.textContent !== item.text) {
          el.textContent = item.text;
        }
        // Still reachable (a reader says "dimmed"), as a disabled control in a form is read.
        if (item.enabled) el.removeAttribute('aria-disabled');
        else el.setAttribute('aria-disabled', 'true');
        var twin = item.id === typingIn;
        if (twin) el.setAttribute('aria-hidden', 'true');
        else el.removeAttribute('aria-hidden');
        el.tabIndex = twin ? -1 : 0;
        el.style.cssText = 'position:absolute;left:' + item.x + 'px;top:' + item.y + 'px;width:' +
            item.w + 'px;height:' + item.h + 'px;opacity:0;margin:0;padding:0;border:0;' +
            'font-size:16px;pointer-events:none';
        // In reading order; a list's entries in it, the list where its first entry reads.
        if (item.list) {
          var ul = listFor(item.list, item.listName);
          if (!listsSeen.has(item.list)) {
            placeAfter(previous, ul);
            previous = ul;
            listsSeen.set(item.list, null);
          }
          var li = entryOf(el);
          var last = listsSeen.get(item.list);
          var want = last ? last.nextSibling : ul.firstChild;
          if (li.parentNode !== ul || want !== li) ul.insertBefore(li, want);
          listsSeen.set(item.list, li);
        } else {
          var entry = el.parentNode && el.parentNode.dataset && el.parentNode.dataset.duetEntry
            ? el.parentNode : null;
          placeAfter(previous, el);
          if (entry) entry.remove();
          previous = el;
        }
        seen.add(item.id);
      });
      elements.forEach(function (el, id) {
        if (!seen.has(id)) {
          var entry = el.parentNode && el.parentNode.dataset && el.parentNode.dataset.duetEntry
            ? el.parentNode : null;
          el.remove();
          if (entry) entry.remove();
          elements.delete(id);
        }
      });
      lists.forEach(function (ul, id) {
        if (!listsSeen.has(id)) {
          ul.remove();
          lists.delete(id);
        }
      });
      // Focus into a dialog that opens, and back where it was (or to what opened it) when it
      // closes, as a modal dialog moves it (WAI-ARIA APG, dialog pattern).
      if (opened) {
        var first = dialog.querySelector('button, input');
        if (first) first.focus();
      } else if (dialog && !s.dialog) {
        dialog.remove();
        dialog = null;
        var back = returnTo && returnTo.isConnected ? returnTo : elements.get('Help');
        returnTo = null;
        if (back) back.focus();
      }
    },
  };
})();
