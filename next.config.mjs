/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // `npm test` type-checks the whole repo (tsc --noEmit) before building; doing it twice costs a minute.
  typescript: { ignoreBuildErrors: true },
  // Learner code and graders are compiled by our own scripts; these stay out of the server bundle.
  serverExternalPackages: ['better-sqlite3', 'pg-boss', 'esbuild', 'mdx-bundler', '@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'],
  async headers() {
    return [
      {
        // The runner iframe has an opaque origin; it may load these scripts and nothing else.
        source: '/runner-assets/:path*',
        headers: [
          { key: 'Access-Control-Allow-Origin', value: '*' },
          { key: 'Cross-Origin-Resource-Policy', value: 'cross-origin' },
        ],
      },
    ];
  },
};

export default nextConfig;
