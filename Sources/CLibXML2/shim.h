#ifndef SHUYU_CLIBXML2_SHIM_H
#define SHUYU_CLIBXML2_SHIM_H

#include <libxml/xmlversion.h>
// Foundation on Linux brings its own ICU module; libxml2's ICU headers would clash with it.
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlsave.h>
#include <libxml/relaxng.h>
#include <libxml/encoding.h>
#include <libxml/xmlstring.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlIO.h>

/// xmlFree is a global function pointer, which Swift 6 treats as shared mutable state.
static inline void shuyu_xml_free(void *pointer) { xmlFree(pointer); }

#endif
