console.log("edgit-deploy: not built yet");
