# Debian packages (CPack, one per component):
#   suara-common  the survey catalogs, kiosk texts and sample data both programs read
#   suara-hub     /usr/bin/suara-hub, the dashboard's templates and the training catalog,
#                 /etc/suara/hub.toml, the service and its backup timer
#   suara-kiosk   /usr/bin/suara-kiosk, /etc/suara/kiosk.toml, the rating screen on tty1 (cage)
#                 and the sync timer
# Library dependencies come from dpkg-shlibdeps; fonts and data packages are listed here. The
# maintainer scripts (packaging/debian/*) make the system users, data directories (0700) and
# config modes (0640); data is deleted only on purge. `cpack` in the build directory writes
# the .deb files; SUARA_PACKAGE_RELEASE numbers a rebuild of the same version.

set(SUARA_PACKAGE_RELEASE "1" CACHE STRING "Debian revision of the packages (the part after the version's dash)")

set(pkg "${CMAKE_CURRENT_SOURCE_DIR}/packaging")
set(docdir "${CMAKE_INSTALL_DATADIR}/doc")
set(unitdir "lib/systemd/system")  # Debian 12's unit directory for packages (merged /usr: /usr/lib too)

# Each package's /usr/share/doc: its copyright, a Debian changelog (compressed, as policy asks),
# and the deployment guide.
set(changelog "${CMAKE_CURRENT_BINARY_DIR}/packaging/changelog.Debian")
string(TIMESTAMP changelogDate "%a, %d %b %Y %H:%M:%S +0000" UTC)
foreach(component common hub kiosk)
  set(name "suara-${component}")
  file(MAKE_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}/packaging/${name}")
  file(WRITE "${CMAKE_CURRENT_BINARY_DIR}/packaging/${name}/changelog.Debian"
       "${name} (${PROJECT_VERSION}-${SUARA_PACKAGE_RELEASE}) stable; urgency=medium\n\n"
       "  * Built from the Suara source tree; see its history for the changes.\n\n"
       " -- Suara team <tim@suara.invalid>  ${changelogDate}\n")
  execute_process(COMMAND gzip -9nf "${CMAKE_CURRENT_BINARY_DIR}/packaging/${name}/changelog.Debian")
  install(FILES "${CMAKE_CURRENT_BINARY_DIR}/packaging/${name}/changelog.Debian.gz" "${pkg}/copyright"
          DESTINATION "${docdir}/${name}" COMPONENT ${component})
endforeach()
install(FILES docs/deploy.md DESTINATION "${docdir}/suara-hub" COMPONENT hub)
install(FILES docs/deploy.md DESTINATION "${docdir}/suara-kiosk" COMPONENT kiosk)

# What each program reads from /usr/share/suara.
install(DIRECTORY assets/surveys assets/i18n assets/samples DESTINATION ${CMAKE_INSTALL_DATADIR}/suara COMPONENT common)
install(DIRECTORY assets/web assets/training DESTINATION ${CMAKE_INSTALL_DATADIR}/suara COMPONENT hub)

# Shipped 0644 as lintian expects; postinst makes them 0640 root:<service user> (a site may put
# secrets there later).
install(FILES "${pkg}/hub.toml" DESTINATION /etc/suara COMPONENT hub)
install(FILES "${pkg}/kiosk.toml" DESTINATION /etc/suara COMPONENT kiosk)
install(FILES "${pkg}/systemd/suara-hub.service" "${pkg}/systemd/suara-hub-backup.service" "${pkg}/systemd/suara-hub-backup.timer"
        DESTINATION ${unitdir} COMPONENT hub)
install(FILES "${pkg}/systemd/suara-kiosk.service" "${pkg}/systemd/suara-kiosk-sync.service" "${pkg}/systemd/suara-kiosk-sync.timer"
        DESTINATION ${unitdir} COMPONENT kiosk)
install(FILES "${pkg}/lintian/suara-hub" DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides COMPONENT hub)
install(FILES "${pkg}/lintian/suara-kiosk" DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides COMPONENT kiosk)
install(FILES "${pkg}/lintian/suara-common" DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides COMPONENT common)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME suara)
set(CPACK_PACKAGE_VENDOR "Suara")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "Suara team <tim@suara.invalid>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL common hub kiosk)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE "${SUARA_PACKAGE_RELEASE}")
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://suara.invalid/")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)  # debug symbols stay in the build tree
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(version "${PROJECT_VERSION}-${SUARA_PACKAGE_RELEASE}")

set(CPACK_DEBIAN_COMMON_PACKAGE_NAME suara-common)
set(CPACK_DEBIAN_COMMON_PACKAGE_ARCHITECTURE all)
set(CPACK_DEBIAN_COMMON_DESCRIPTION "Suara citizen feedback: shared data\n The SKM survey catalogs (PermenPANRB 14/2017), the kiosk's texts in\n Bahasa Indonesia and English, and sample ratings, read by suara-hub and\n suara-kiosk.")

set(CPACK_DEBIAN_HUB_PACKAGE_NAME suara-hub)
set(CPACK_DEBIAN_HUB_PACKAGE_DEPENDS "suara-common (= ${version}), libjs-chart.js, fonts-noto-core, adduser")
set(CPACK_DEBIAN_HUB_PACKAGE_CONTROL_EXTRA "${pkg}/debian/hub/postinst;${pkg}/debian/hub/prerm;${pkg}/debian/hub/postrm;${pkg}/debian/hub/conffiles")
set(CPACK_DEBIAN_HUB_DESCRIPTION "Suara citizen feedback: the hub and managers' dashboard\n Collects the ratings of Suara kiosks over HTTP into SQLite, computes the\n Indeks Kepuasan Masyarakat, and serves the managers' dashboard, the\n Laporan Hasil SKM and the public results page. Runs as a sandboxed\n systemd service.")

set(CPACK_DEBIAN_KIOSK_PACKAGE_NAME suara-kiosk)
# cage 0.1.4 will not start without Xwayland (and does not depend on it); the kiosk user's
# login session on tty1 (PAMName=login) needs logind's PAM module for its /run/user.
set(CPACK_DEBIAN_KIOSK_PACKAGE_DEPENDS "suara-common (= ${version}), fonts-noto-core, cage, xwayland, seatd, udev, procps, ca-certificates, adduser")
set(CPACK_DEBIAN_KIOSK_PACKAGE_CONTROL_EXTRA "${pkg}/debian/kiosk/postinst;${pkg}/debian/kiosk/prerm;${pkg}/debian/kiosk/postrm;${pkg}/debian/kiosk/conffiles")
set(CPACK_DEBIAN_KIOSK_DESCRIPTION "Suara citizen feedback: the rating kiosk\n A touchscreen kiosk on which citizens rate a public service in a few\n taps. Ratings are kept in SQLite and sent to the hub; the screen starts\n on tty1 at boot under the cage compositor and is restarted by systemd\n when it crashes or hangs.")

include(CPack)
