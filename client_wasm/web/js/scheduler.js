// The JS half of web/scheduler: a microtask runs as soon as the current browser callback
// returns, and unlike timers it is not throttled in background tabs (where Chrome wakes
// timers once a second). Linked with --js-library.
mergeInto(LibraryManager.library, {
  duet_queue_microtask: function (fn, user) {
    queueMicrotask(function () { _duet_run_microtask(fn, user); });
  },
});
