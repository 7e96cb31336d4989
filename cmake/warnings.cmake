# Compiler warnings as an INTERFACE target: every first-party target links suara_warnings.
add_library(suara_warnings INTERFACE)
target_compile_options(suara_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wdouble-promotion
  -Wformat=2 -Wimplicit-fallthrough)
if(SUARA_WERROR)
  target_compile_options(suara_warnings INTERFACE -Werror)
endif()
# GCC 12 at -O3 (a Release build) reports warnings inside library headers that are not there:
# -Wrestrict in libstdc++ for `"literal" + std::string` (GCC bug 105651, fixed in GCC 13) and
# -Wmaybe-uninitialized in Boost.Multiprecision's cpp_int. They stay warnings there.
if(SUARA_WERROR AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(suara_warnings INTERFACE -Wno-error=restrict -Wno-error=maybe-uninitialized)
endif()
