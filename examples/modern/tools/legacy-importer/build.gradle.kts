plugins {
    id("myorg.java-conventions")
}

dependencies {
    implementation(projects.platform.json)
    implementation(libs.commons.csv)
}
