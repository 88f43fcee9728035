export default function HomePage() {
  return <main>Course map coming.</main>;
}
