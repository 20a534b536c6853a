plugins {
    id("myorg.java-conventions")
}

dependencies {
    api(projects.platform.core)
    implementation(libs.bundles.jackson)

    testImplementation(testFixtures(project(":platform:core")))
}
