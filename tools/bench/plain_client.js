// The plain-JS yardstick for call setup: the same protocol and the same browser calls as the
// C++ client, in the same order, with nothing else. Like the C++ client it rings first
// (`call`, then `accept`), asks for the camera (640x480 ideal, with sound) when the caller
// presses Call or the callee presses Accept, keeps it for later calls, and builds a fresh
// RTCPeerConnection per call; remote candidates wait for the remote description, as in the
// call state machine.
//
// Published for the benchmark (read only): window.plain = { state, name, peer, error,
// remoteFrames }. Performance marks: "plain-call-pressed" when Call is clicked,
// "plain-first-remote-frame" when the first remote frame of that connection is presented
// (requestVideoFrameCallback fires when a frame is handed to the compositor).
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var remoteVideo = $('remote');
  var localVideo = $('local');
  var plain = { state: 'connecting', name: '', peer: '', error: '', remoteFrames: 0 };
  window.plain = plain;

  var scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  var socket = new WebSocket(scheme + '//' + location.host + '/');
  var iceServers = [];
  var stream = null;
  var pc = null;
  var remoteQueue = [];

  function setState(state, text) {
    plain.state = state;
    $('status').textContent = text || state;
  }
  function send(message) { socket.send(JSON.stringify(message)); }
  function fail(where, e) {
    plain.error = where + ': ' + (e && e.message ? e.message : e);
    console.warn(plain.error);
  }

  socket.onopen = function () { setState('login'); };
  socket.onclose = function () { setState('closed'); };
  socket.onmessage = function (event) {
    var m;
    try { m = JSON.parse(event.data); } catch (e) { return; }
    switch (m.type) {
      case 'login': onLogin(m); break;
      case 'call': onRing(m); break;
      case 'accept': onAccept(m); break;
      case 'offer': onOffer(m); break;
      case 'answer': onAnswer(m); break;
      case 'candidate': onCandidate(m); break;
      case 'leave': if (m.name === plain.peer) endCall(); break;
      case 'error': fail('server', m.message); break;
      default: break;
    }
  };

  $('sign-in').addEventListener('click', function () {
    var name = $('name').value;
    if (name) send({ type: 'login', name: name, features: ['ring'] });
  });

  function onLogin(m) {
    if (!m.success) return fail('login', m.message);
    plain.name = m.name || $('name').value;
    if (Array.isArray(m.iceServers)) iceServers = m.iceServers;
    setState('idle');
  }

  // The camera, opened once on the first Call or Accept and kept.
  var media = null;
  function withMedia() {
    if (!media) {
      media = navigator.mediaDevices.getUserMedia({
        video: { width: { ideal: 640 }, height: { ideal: 480 } }, audio: true,
      }).then(function (s) {
        stream = s;
        localVideo.srcObject = s;
        return s;
      });
      media.catch(function (e) { fail('getUserMedia', e); });
    }
    return media;
  }

  function onRing(m) {
    if (plain.state !== 'idle') {
      send({ type: 'leave', name: m.name, reason: 'busy' });
      return;
    }
    plain.peer = m.name;
    setState('ringing_in');
    // When the frame showing the ring is made: the C++ client marks the same moment.
    requestAnimationFrame(function () { performance.mark('plain-ring-shown'); });
  }

  $('accept').addEventListener('click', function () {
    if (plain.state !== 'ringing_in') return;
    performance.mark('plain-accept-pressed');
    setState('calling');
    var peer = plain.peer;
    withMedia().then(function () { send({ type: 'accept', name: peer }); });
  });

  function onAccept(m) {
    if (plain.state !== 'ringing_out' || m.name !== plain.peer) return;
    setState('calling');
    withMedia().then(function () {
      var conn = createPeer(m.name);
      return conn.createOffer().then(function (offer) {
        return conn.setLocalDescription(offer);
      }).then(function () {
        send({ type: 'offer', name: m.name, offer: conn.localDescription.toJSON() });
      });
    }).catch(function (e) { fail('offer', e); });
  }

  function createPeer(peer) {
    plain.peer = peer;
    remoteQueue = [];
    var conn = new RTCPeerConnection({ iceServers: iceServers });
    stream.getTracks().forEach(function (t) { conn.addTrack(t, stream); });
    conn.onicecandidate = function (e) {
      if (conn === pc) send({ type: 'candidate', name: peer, candidate: e.candidate });
    };
    conn.ontrack = function (e) {
      if (conn !== pc || e.track.kind !== 'video') return;
      remoteVideo.srcObject = e.streams[0];
      play(remoteVideo);
      watchFrames(conn);
    };
    conn.onconnectionstatechange = function () {
      if (conn === pc && conn.connectionState === 'connected') setState('in_call');
    };
    pc = conn;
    // With ?files (plain_transfer.js): the file channel rides on the call's connection.
    if (window.plainFiles) window.plainFiles.attach(conn);
    return conn;
  }

  // With sound if the browser allows it, else muted: what a call page does (and the C++ one).
  function play(video) {
    video.muted = false;
    Promise.resolve(video.play()).catch(function (e) {
      if (e && e.name === 'NotAllowedError') {
        video.muted = true;
        video.play().catch(function () {});
      }
    });
  }

  function watchFrames(conn) {
    var first = true;
    function step() {
      if (conn !== pc) return;
      if (first) performance.mark('plain-first-remote-frame');
      first = false;
      plain.remoteFrames++;
      remoteVideo.requestVideoFrameCallback(step);
    }
    remoteVideo.requestVideoFrameCallback(step);
  }

  function flushCandidates(conn) {
    remoteQueue.splice(0).forEach(function (c) {
      conn.addIceCandidate(c).catch(function (e) { fail('addIceCandidate', e); });
    });
  }

  $('call').addEventListener('click', function () {
    var peer = $('peer').value;
    if (!peer || plain.state !== 'idle') return;
    performance.mark('plain-call-pressed');
    plain.peer = peer;
    setState('ringing_out');
    withMedia();
    send({ type: 'call', name: peer });
  });

  function onOffer(m) {
    if (plain.state !== 'calling' || m.name !== plain.peer || !stream) {
      send({ type: 'leave', name: m.name });
      return;
    }
    setState('calling');
    var conn = createPeer(m.name);
    conn.setRemoteDescription(m.offer).then(function () {
      flushCandidates(conn);
      return conn.createAnswer();
    }).then(function (answer) {
      return conn.setLocalDescription(answer);
    }).then(function () {
      send({ type: 'answer', name: m.name, answer: conn.localDescription.toJSON() });
    }).catch(function (e) { fail('answer', e); });
  }

  function onAnswer(m) {
    if (!pc || m.name !== plain.peer) return;
    var conn = pc;
    conn.setRemoteDescription(m.answer).then(function () {
      flushCandidates(conn);
    }).catch(function (e) { fail('setRemoteDescription', e); });
  }

  function onCandidate(m) {
    if (!pc || m.name !== plain.peer || !m.candidate) return;
    if (pc.remoteDescription) {
      pc.addIceCandidate(m.candidate).catch(function (e) { fail('addIceCandidate', e); });
    } else {
      remoteQueue.push(m.candidate);
    }
  }

  function endCall() {
    if (window.plainFiles) window.plainFiles.detach();
    if (pc) pc.close();
    pc = null;
    plain.peer = '';
    remoteVideo.srcObject = null;
    setState('idle');
  }

  $('hang-up').addEventListener('click', function () {
    if (!plain.peer) return;
    send({ type: 'leave', name: plain.peer });
    endCall();
  });
})();
