#ifndef LOGMEDIC_LIBPQ_LOADER_H
#define LOGMEDIC_LIBPQ_LOADER_H

/// Loads libpq on first use. NULL when it is loaded, else why it could not be (the loader's message).
const char *logmedic_libpq_load(void);

#endif
