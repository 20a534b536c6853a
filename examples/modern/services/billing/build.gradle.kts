plugins {
    id("myorg.java-conventions")
}

dependencies {
    api(projects.platform.core)
    implementation(libs.slf4j.api)
}
