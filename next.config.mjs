/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Learner code and graders are compiled by our own scripts; these stay out of the server bundle.
  serverExternalPackages: ['better-sqlite3', 'esbuild', 'mdx-bundler', '@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'],
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
