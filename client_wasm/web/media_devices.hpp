// The devices the browser has (enumerateDevices), listed again on every devicechange; the
// choice remembered for the next visit (localStorage); whether a speaker can be chosen at
// all (HTMLMediaElement.setSinkId). Which device to use is call/devices' rule.
#pragma once

#include <memory>
#include <string>

#include "call/devices.hpp"
#include "event_sink.hpp"

namespace duet::web {

template <class Kind>
class event_owner;

class media_devices {
  public:
    explicit media_devices(event_sink& sink);
    ~media_devices();
    media_devices(media_devices const&) = delete;
    media_devices& operator=(media_devices const&) = delete;

    // Reports devices_listed now and after every devicechange, for the page's lifetime.
    void watch();
    // Reports devices_listed (labels and ids appear once camera access is granted).
    void refresh();
    bool can_choose_speaker() const;

    call::device_choice remembered() const;
    void remember(call::device_kind kind, std::string const& id);

  private:
    enum class js_event : int;  // what its JS objects report (defined in the .cpp)
    event_sink& sink_;
    std::unique_ptr<event_owner<js_event>> owner_;
    bool watching_ = false;
};

}  // namespace duet::web
