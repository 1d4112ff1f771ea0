// Placeholder until the support library lands.
