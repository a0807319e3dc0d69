// The bindings of one process: name_bindings (a file) behind the binding_store interface,
// every answer at once.
#include "identity/binding_store.hpp"

namespace duet::identity {

namespace {

class local_binding_store final : public binding_store {
  public:
    explicit local_binding_store(std::unique_ptr<name_bindings> bindings)
        : bindings_(std::move(bindings)) {}

    void holder_of(std::string const& name, completion<name_holder> done) const override {
        done.now({bindings_->holder_of(name), false});
    }

    void bind(std::string const& account, std::vector<std::string> const& candidates,
              std::function<void(result<std::string>)> done) override {
        done(bindings_->bind(account, candidates));
    }

  private:
    std::unique_ptr<name_bindings> bindings_;
};

}  // namespace

std::unique_ptr<binding_store> make_local_binding_store(std::unique_ptr<name_bindings> bindings) {
    return std::make_unique<local_binding_store>(std::move(bindings));
}

}  // namespace duet::identity
