// Which Duet name belongs to which provider account (`sub@iss`: the subject is only unique
// within its issuer), so a name, once an account has it, can be taken neither by a name-only
// login nor by another account. Kept in a small JSON file, rewritten atomically (a temporary
// file, then rename) at every new binding, so it survives a restart and a crash mid-write.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "identity/id_token.hpp"
#include "identity/identity_error.hpp"

namespace duet::identity {

std::string account_key(std::string const& subject, std::string const& issuer);

// What the Duet name is made from, best first: preferred_username, the local part of the
// email, the display name. Each trimmed to a valid name; invalid ones dropped.
std::vector<std::string> name_candidates(id_claims const& claims);

class name_bindings {
  public:
    // The bindings in `file`, when it exists; an empty path keeps them in memory only.
    static result<std::unique_ptr<name_bindings>> open(std::filesystem::path file);

    // The account that holds `name`, or empty: a name-only login of it must be refused.
    std::string holder_of(std::string const& name) const;

    // The account's name: the one it already has, or the first candidate, with 2, 3, ...
    // added while another account holds it. Saved before it is returned; when the
    // file cannot be written nothing is bound.
    result<std::string> bind(std::string const& account,
                             std::vector<std::string> const& candidates);

    std::size_t size() const;

  private:
    explicit name_bindings(std::filesystem::path file) : file_(std::move(file)) {}
    std::optional<error> save() const;

    std::filesystem::path file_;
    mutable std::mutex mutex_;
    std::map<std::string, std::string> name_of_;     // account -> name
    std::map<std::string, std::string> account_of_;  // name -> account
};

}  // namespace duet::identity
