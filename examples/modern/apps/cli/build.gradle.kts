plugins {
    id("myorg.application-conventions")
    alias(libs.plugins.shadow)
}

dependencies {
    implementation(projects.services.orders)
    implementation(projects.services.billing)
    implementation(projects.importer)
    implementation(libs.picocli)
    runtimeOnly(libs.logback.classic)
}

application {
    mainClass.set("com.myorg.cli.MainKt")
}
