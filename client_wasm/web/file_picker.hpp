// The files a person chooses to send: the browser's file chooser (a hidden
// <input type=file multiple>, opened by the Send file button within its press) and files
// dropped onto the window. Each chosen file stays in JS (js/file_transfer.js), named by a key;
// C++ gets a file_picked event with its key, name, size and type, and forgets the key when
// the transfer is over. One for the page's life.
#pragma once

#include <memory>

#include "event_sink.hpp"

namespace duet::web {

template <class Kind>
class event_owner;

class file_picker {
  public:
    explicit file_picker(event_sink& sink);
    ~file_picker();
    file_picker(file_picker const&) = delete;
    file_picker& operator=(file_picker const&) = delete;

    // Opens the chooser; only inside a user gesture (a press) does the browser show it.
    void choose();
    // The file behind `key` is no longer needed: the browser may let it go.
    static void forget(int key);

  private:
    enum class js_event : int;
    event_sink& sink_;
    std::unique_ptr<event_owner<js_event>> owner_;
};

}  // namespace duet::web
