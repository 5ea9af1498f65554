// MariaDB Connector/C (Debian: libmariadb-dev); its headers are found through pkg-config (libmariadb).
#include <mysql.h>
