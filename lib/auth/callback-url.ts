/** Only same-site paths: an open redirect would let a link send learners anywhere after sign-in. */
export function safeCallbackUrl(value: string | undefined, fallback = '/dashboard'): string {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : fallback;
}
