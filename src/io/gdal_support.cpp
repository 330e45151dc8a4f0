#include "roisc/io/gdal_support.hpp"

#include <cpl_error.h>

#include <mutex>

namespace roisc {

void ensure_gdal_registered() {
    static std::once_flag once;
    std::call_once(once, [] { GDALAllRegister(); });
}

GdalMessages::GdalMessages() { CPLPushErrorHandlerEx(&GdalMessages::handler, this); }

GdalMessages::~GdalMessages() { CPLPopErrorHandler(); }

void CPL_STDCALL GdalMessages::handler(CPLErr level, CPLErrorNum, const char* msg) {
    if (level == CE_Debug || msg == nullptr) return;
    auto* self = static_cast<GdalMessages*>(CPLGetErrorHandlerUserData());
    if (self) self->messages_.emplace_back(msg);
}

}  // namespace roisc
