plugins {
    id("myorg.java-conventions")
    `java-test-fixtures`
}

dependencies {
    implementation(platform(project(":platform:bom")))
    implementation(libs.guava)

    testFixturesApi(libs.assertj)
}
