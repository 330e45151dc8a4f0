// Placeholder until the layer-reading benchmark lands.
int main() { return 0; }
