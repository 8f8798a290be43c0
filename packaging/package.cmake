# What `cmake --install` puts on a system, and the Debian package made of it (scripts/package.sh).
include(GNUInstallDirs)

install(TARGETS guichet RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The MongoDB backend, loaded from ../lib/guichet/ relative to the binary (storage/mongo_module.hpp):
# a private directory, not the multiarch library path, since nothing else links it.
install(TARGETS guichet_mongodb LIBRARY DESTINATION lib/guichet)
# Debian's systemd looks in /lib/systemd/system for units shipped by packages.
install(FILES packaging/guichet.service packaging/guichet@.service DESTINATION /lib/systemd/system)
# One template for run.sh's .env and the service's env file: every variable, commented.
install(FILES .env.example DESTINATION /etc/guichet RENAME guichet.env
        PERMISSIONS OWNER_READ OWNER_WRITE)
install(FILES README.md CHANGELOG.md LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME guichet)
set(CPACK_PACKAGE_VENDOR "Guichet")
set(CPACK_PACKAGE_CONTACT "Guichet maintainers <maintainers@guichet.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Discord ticket bot: panels, private ticket channels, logs, HTML transcripts")
set(CPACK_PACKAGE_DESCRIPTION
  "Guichet opens a private channel between a member and the staff from a panel, with claim, close,\nreopen and delete buttons, a log channel and Discord-like HTML transcripts. It stores its state in\nMongoDB or in an embedded SQLite file, and runs as a systemd service (Type=notify).")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_OUTPUT_FILE_PREFIX ${CMAKE_SOURCE_DIR}/dist)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)            # guichet_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The shared libraries the binary links, read by dpkg-shlibdeps; adduser for the postinst.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "mongodb-org | mongodb-server")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${CMAKE_SOURCE_DIR}/packaging/debian/postinst
  ${CMAKE_SOURCE_DIR}/packaging/debian/prerm
  ${CMAKE_SOURCE_DIR}/packaging/debian/postrm
  ${CMAKE_SOURCE_DIR}/packaging/debian/conffiles)
include(CPack)
