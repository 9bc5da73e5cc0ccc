// Debian and Ubuntu put libpq's header under postgresql/, Fedora beside the others.
#if __has_include(<postgresql/libpq-fe.h>)
#include <postgresql/libpq-fe.h>
#else
#include <libpq-fe.h>
#endif
