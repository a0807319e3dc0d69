// The JS half of web/stats_reader: once a second, getStats() on the call's peer connection,
// reduced here to the plain numbers of stats::sample (C++ does every rate and rule). The
// microphone's own level is not read here: call_media.js's one analyser (watchLevel) gives
// it to C++, for the meter and the "You are muted" hint alike. Linked with --js-library.
//
// Each reader is one object in bridge.js's table, owned by one C++ stats_reader; stopping
// it clears the timer. A report
// that settles after the stop is dropped here, and bridge.js drops anything addressed to
// an owner that is gone.
mergeInto(LibraryManager.library, {
  // RTCStatsReport -> the fields web/stats_reader.cpp reads. Sums over every inbound-rtp
  // and outbound-rtp of a kind (one each in a Duet call); the received video's size and
  // codec from the inbound video stream that decoded the most frames.
  $duetReduceStats: function (report) {
    var s = { t: 0, audioSent: 0, audioReceived: 0, videoSent: 0, videoReceived: 0,
      packetsReceived: 0, packetsLost: 0, jitterAudio: -1, jitterVideo: -1, rtt: -1,
      framesDecoded: 0, width: 0, height: 0, codec: '', local: '', remote: '',
      remoteLevel: 0 };
    var byId = {};
    var selectedId = '';
    var fallbackPair = null;
    var bestVideo = null;
    var pairRtt = -1;
    report.forEach(function (r) {
      byId[r.id] = r;
      if (typeof r.timestamp === 'number' && r.timestamp > s.t) s.t = r.timestamp;
      if (r.type === 'inbound-rtp') {
        var audio = r.kind === 'audio';
        if (audio) s.audioReceived += r.bytesReceived || 0;
        else s.videoReceived += r.bytesReceived || 0;
        s.packetsReceived += r.packetsReceived || 0;
        s.packetsLost += r.packetsLost || 0;
        if (typeof r.jitter === 'number') {
          if (audio) s.jitterAudio = Math.max(s.jitterAudio, r.jitter);
          else s.jitterVideo = Math.max(s.jitterVideo, r.jitter);
        }
        if (audio && typeof r.audioLevel === 'number') s.remoteLevel = Math.max(s.remoteLevel, r.audioLevel);
        if (!audio) {
          s.framesDecoded += r.framesDecoded || 0;
          if (!bestVideo || (r.framesDecoded || 0) > (bestVideo.framesDecoded || 0)) bestVideo = r;
        }
      } else if (r.type === 'outbound-rtp') {
        if (r.kind === 'audio') s.audioSent += r.bytesSent || 0;
        else s.videoSent += r.bytesSent || 0;
      } else if (r.type === 'remote-inbound-rtp') {
        if (typeof r.roundTripTime === 'number') s.rtt = Math.max(s.rtt, r.roundTripTime);
      } else if (r.type === 'transport' && r.selectedCandidatePairId) {
        selectedId = r.selectedCandidatePairId;
      } else if (r.type === 'candidate-pair' && r.state === 'succeeded' && (r.selected || r.nominated)) {
        if (!fallbackPair) fallbackPair = r;
      }
    });
    var pair = byId[selectedId] || fallbackPair;
    if (pair) {
      s.local = String((byId[pair.localCandidateId] || {}).candidateType || '');
      s.remote = String((byId[pair.remoteCandidateId] || {}).candidateType || '');
      if (typeof pair.currentRoundTripTime === 'number') pairRtt = pair.currentRoundTripTime;
    }
    // RTCP's own measure first; before the first receiver report, ICE's.
    if (s.rtt < 0) s.rtt = pairRtt;
    if (bestVideo) {
      s.width = bestVideo.frameWidth || 0;
      s.height = bestVideo.frameHeight || 0;
      var codec = byId[bestVideo.codecId];
      s.codec = codec && codec.mimeType ? String(codec.mimeType) : '';
    }
    return s;
  },

  duet_stats_start__deps: ['$duetReduceStats'],
  // `sampleHandle`, `failedHandle`: the delivering functions of the C++ owner (handler_for).
  duet_stats_start: function (pcHandle, sampleHandle, failedHandle, periodMs) {
    var bridge = Module['duetBridge'];
    var pc = bridge.get(pcHandle);
    var sample = bridge.get(sampleHandle);
    var failed = bridge.get(failedHandle);
    if (!pc || typeof pc.getStats !== 'function' || !sample || !failed) return 0;
    var reader = { timer: 0, busy: false };
    function read() {
      if (reader.busy) return;  // a slow report is not stacked on by the next
      reader.busy = true;
      var p;
      try { p = pc.getStats(); } catch (e) { p = Promise.reject(e); }
      Promise.resolve(p).then(function (report) {
        reader.busy = false;
        if (!reader.timer) return;
        sample(duetReduceStats(report));
      }, function (e) {
        reader.busy = false;
        if (reader.timer) failed(String(e && e.message || e));
      });
    }
    reader.timer = setInterval(read, periodMs);
    return bridge.put(reader);
  },

  duet_stats_stop: function (id) {
    var bridge = Module['duetBridge'];
    var reader = bridge.get(id);
    if (!reader) return;
    clearInterval(reader.timer);
    reader.timer = 0;
    bridge.drop(id);
  },
});
