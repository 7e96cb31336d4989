# Dear ImGui's SDL2 and OpenGL3 backends ship as sources with Debian's libimgui-dev, but under
# /usr/share/doc, which slim images and many build machines strip (dpkg's path-exclude). When
# they are missing, the same package's .deb is taken from apt's cache or downloaded with
# `apt-get download` (verified by apt against the archive) and only those two files are
# unpacked into the build tree: the version always matches the installed headers and library.

set(IMGUI_BACKENDS_DIR /usr/share/doc/libimgui-dev/examples/backends)
set(imguiBackendFiles imgui_impl_sdl.cpp imgui_impl_opengl3.cpp)

set(haveAll TRUE)
foreach(file ${imguiBackendFiles})
  if(NOT EXISTS "${IMGUI_BACKENDS_DIR}/${file}")
    set(haveAll FALSE)
  endif()
endforeach()

if(NOT haveAll)
  set(unpacked "${CMAKE_BINARY_DIR}/imgui-backends")
  set(IMGUI_BACKENDS_DIR "${unpacked}/usr/share/doc/libimgui-dev/examples/backends")
  if(NOT EXISTS "${IMGUI_BACKENDS_DIR}/imgui_impl_sdl.cpp")
    execute_process(COMMAND dpkg-query -W "-f=\${Package}_\${Version}_\${Architecture}" libimgui-dev
                    OUTPUT_VARIABLE installed RESULT_VARIABLE queried)
    if(NOT queried EQUAL 0)
      message(FATAL_ERROR "libimgui-dev is not installed (scripts/install-deps.sh installs it)")
    endif()
    string(REPLACE ":" "%3a" debName "${installed}.deb")
    file(MAKE_DIRECTORY "${unpacked}")
    set(deb "/var/cache/apt/archives/${debName}")
    if(NOT EXISTS "${deb}")
      message(STATUS "ImGui backends: /usr/share/doc is stripped here; fetching ${installed} with apt-get download")
      string(REGEX REPLACE "_.*" "" package "${installed}")
      string(REGEX REPLACE "^[^_]*_([^_]*)_.*" "\\1" version "${installed}")
      execute_process(COMMAND apt-get download "${package}=${version}" WORKING_DIRECTORY "${unpacked}" RESULT_VARIABLE fetched)
      set(deb "${unpacked}/${debName}")
      if(NOT fetched EQUAL 0 OR NOT EXISTS "${deb}")
        message(FATAL_ERROR "the ImGui backends are neither in /usr/share/doc nor fetchable: apt-get download ${package}=${version} failed")
      endif()
    endif()
    execute_process(COMMAND dpkg-deb -x "${deb}" "${unpacked}" RESULT_VARIABLE extracted)
    if(NOT extracted EQUAL 0)
      message(FATAL_ERROR "could not unpack ${deb}")
    endif()
  endif()
endif()

set(IMGUI_BACKEND_SOURCES)
foreach(file ${imguiBackendFiles})
  list(APPEND IMGUI_BACKEND_SOURCES "${IMGUI_BACKENDS_DIR}/${file}")
endforeach()
