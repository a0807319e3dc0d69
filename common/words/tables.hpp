// The languages' tables, for say.cpp only: one function per language file.
#pragma once

#include "words/word.hpp"

namespace duet::words {

char const* english(word w);
char const* chinese(word w);

}  // namespace duet::words
