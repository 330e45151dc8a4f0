#pragma once
// Small helpers around GDAL's global state: registration once, and collecting GDAL's own
// messages during a call so they can be folded into ours instead of leaking to stderr.
#include <gdal_priv.h>

#include <memory>
#include <string>
#include <vector>

namespace roisc {

void ensure_gdal_registered();

// While alive, GDAL errors and warnings are collected here rather than printed.
class GdalMessages {
public:
    GdalMessages();
    ~GdalMessages();
    GdalMessages(const GdalMessages&) = delete;
    GdalMessages& operator=(const GdalMessages&) = delete;
    const std::vector<std::string>& messages() const { return messages_; }
    std::string last() const { return messages_.empty() ? std::string() : messages_.back(); }

private:
    static void CPL_STDCALL handler(CPLErr, CPLErrorNum, const char* msg);
    std::vector<std::string> messages_;
};

struct DatasetCloser {
    void operator()(GDALDataset* d) const { GDALClose(d); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

}  // namespace roisc
