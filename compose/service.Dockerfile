# One image recipe for every Obsera service; compose passes the module and its main class.
# Build context: the repository root, e.g.
#   docker build -f compose/service.Dockerfile --build-arg MODULE=ingest-bridge \
#     --build-arg MAIN=io.obsera.ingest.Main -t obsera/ingest-bridge .
FROM maven:3.9-eclipse-temurin-17 AS build
ARG MODULE
WORKDIR /src
COPY . .
RUN mvn -B -ntp -Dmaven.test.skip=true -Dspotless.check.skip=true -pl "$MODULE" -am package \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib \
 && mkdir -p /out/lib && cp "$MODULE"/target/lib/*.jar /out/lib/ && cp "$MODULE"/target/obsera-*.jar /out/lib/

FROM eclipse-temurin:17-jre
ARG MAIN
RUN useradd --system --uid 10001 obsera && mkdir -p /data && chown obsera /data
COPY --from=build /out/lib /app/lib
USER obsera
WORKDIR /data
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:-UsePerfData" OBSERA_MAIN=${MAIN}
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -cp '/app/lib/*' \"$OBSERA_MAIN\""]
