// Anchor translation unit so spatten_views always has at least one source.
namespace spatten::views {
int viewsLibraryVersion() { return 1; }
}  // namespace spatten::views
