// Linked into every executable of a sanitizer build only (cmake/sanitizers.cmake).
//
// SDL loads the OpenGL drivers (glvnd, then Mesa's EGL and gallium) with dlopen and unloads
// them at SDL_Quit. LeakSanitizer checks at exit, after that: what those drivers never freed is
// then reported from "<unknown module>", which no suppression can name, so every UI test and
// every kiosk run would fail on leaks that are not ours. Defining dlclose in the executable
// interposes it for every library in the process (the executable comes first in symbol lookup):
// nothing is unloaded, the drivers' frames keep their names, and tests/sanitizers/lsan.supp
// suppresses them by library. Our own code never calls dlclose.
extern "C" int dlclose(void*) { return 0; }
